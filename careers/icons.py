"""The icons beside the occupation groups and career clusters people browse by.

Each is a symbol of static/icons.svg, one sprite the browser fetches once, drawn from Lucide
(lucide-static, ISC license); bin/build-icons writes the sprite from the names below.
"""

# The Standard Occupational Classification's major groups, by the first two digits of their code.
GROUP_ICONS = {
    "11": "briefcase",  # Management
    "13": "calculator",  # Business and Financial Operations
    "15": "laptop",  # Computer and Mathematical
    "17": "drafting-compass",  # Architecture and Engineering
    "19": "microscope",  # Life, Physical, and Social Science
    "21": "hand-heart",  # Community and Social Service
    "23": "scale",  # Legal
    "25": "graduation-cap",  # Educational Instruction and Library
    "27": "palette",  # Arts, Design, Entertainment, Sports, and Media
    "29": "stethoscope",  # Healthcare Practitioners and Technical
    "31": "heart-pulse",  # Healthcare Support
    "33": "shield",  # Protective Service
    "35": "utensils",  # Food Preparation and Serving Related
    "37": "spray-can",  # Building and Grounds Cleaning and Maintenance
    "39": "scissors",  # Personal Care and Service
    "41": "shopping-cart",  # Sales and Related
    "43": "clipboard-list",  # Office and Administrative Support
    "45": "tractor",  # Farming, Fishing, and Forestry
    "47": "hard-hat",  # Construction and Extraction
    "49": "wrench",  # Installation, Maintenance, and Repair
    "51": "factory",  # Production
    "53": "truck",  # Transportation and Material Moving
    "55": "medal",  # Military Specific
}

# O*NET's legacy (2023) career clusters, by name.
CLUSTER_ICONS = {
    "Agriculture, Food & Natural Resources": "wheat",
    "Architecture & Construction": "building-2",
    "Arts, Audio/Video Technology & Communications": "clapperboard",
    "Business Management & Administration": "briefcase-business",
    "Education & Training": "school",
    "Finance": "banknote",
    "Government & Public Administration": "landmark",
    "Health Science": "hospital",
    "Hospitality & Tourism": "concierge-bell",
    "Human Services": "handshake",
    "Information Technology": "server",
    "Law, Public Safety, Corrections & Security": "gavel",
    "Manufacturing": "cog",
    "Marketing": "megaphone",
    "Science, Technology, Engineering & Mathematics": "atom",
    "Transportation, Distribution & Logistics": "package",
}

# For a group or cluster the lists above do not name (new in a later release).
FALLBACK = "folder"

NAMES = sorted({*GROUP_ICONS.values(), *CLUSTER_ICONS.values(), FALLBACK})


def group_icon(code):
    """The icon of the major group whose code is `code` ("43-0000", or its first two digits)."""
    return GROUP_ICONS.get(code[:2], FALLBACK)


def cluster_icon(name):
    """The icon of the career cluster named `name`."""
    return CLUSTER_ICONS.get(name, FALLBACK)
