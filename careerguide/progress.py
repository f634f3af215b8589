"""The progress of a long management command: a bar on a terminal; elsewhere (a CI log, `make run`
piped into a file) one line per step, not dozens of redrawn bars."""

from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress(command, step, total=None, unit=" rows", show=True):
    """A tqdm bar named `step` on `command`'s stderr if that is a terminal. Otherwise the step
    is announced on a line of its own and the bar draws nothing; with `show` false, neither."""
    on_terminal = show and command.stderr.isatty()
    if show and not on_terminal:
        command.stderr.write(f"{step}...")
    with tqdm(
        total=total, desc=step, unit=unit, disable=not on_terminal, file=command.stderr
    ) as bar:
        yield bar
