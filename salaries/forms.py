"""The salary page's choices: which state's metro areas to show and how to sort the states."""

from django import forms


class SalaryPageForm(forms.Form):
    # sort value -> (WageEstimate figure, highest first?)
    SORTS = {
        "state": (None, False),
        "median": ("annual_median", False),
        "-median": ("annual_median", True),
        "employment": ("employment", False),
        "-employment": ("employment", True),
    }

    state = forms.CharField(required=False, max_length=2, label="State")
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("state", "State"),
            ("median", "Median, low to high"),
            ("-median", "Median, high to low"),
            ("employment", "Employment, low to high"),
            ("-employment", "Employment, high to low"),
        ],
    )

    def __init__(self, data, states):
        super().__init__(data)
        self.states = states  # postal codes of the states that have figures

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        if state and state not in self.states:
            raise forms.ValidationError(f"There are no figures for a state “{state}”.")
        return state

    def order_states(self, estimates):
        """The states' estimates in the asked order; those without the figure go last."""
        figure, highest_first = self.SORTS[self.cleaned_data.get("sort") or "state"]
        by_name = sorted(estimates, key=lambda estimate: estimate.area.title)
        if figure is None:
            return by_name
        known = [estimate for estimate in by_name if getattr(estimate, figure) is not None]
        unknown = [estimate for estimate in by_name if getattr(estimate, figure) is None]
        known.sort(key=lambda estimate: getattr(estimate, figure), reverse=highest_first)
        return known + unknown
