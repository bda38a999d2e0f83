"""The lab: emulated camera devices on loopback, so the demo, tests and benchmarks run anywhere.

Profiles (``lab/profiles/*.yaml``) say what each device answers; :class:`LabRunner` serves them.
"""

from camaudit.lab.device import LabError
from camaudit.lab.profile import Profile, ProfileError, available_profiles, load_profile, load_profiles
from camaudit.lab.runner import DEFAULT_BASE, LabDevice, LabRunner

__all__ = [
    "DEFAULT_BASE",
    "LabDevice",
    "LabError",
    "LabRunner",
    "Profile",
    "ProfileError",
    "available_profiles",
    "load_profile",
    "load_profiles",
]
