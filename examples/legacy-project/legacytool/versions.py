"""Comparing tool versions."""
from distutils.version import LooseVersion, StrictVersion

MINIMUM_GIT = "2.20"


def git_is_recent(version_string):
    return LooseVersion(version_string) >= MINIMUM_GIT


def newest(versions):
    return max(versions, key=StrictVersion)


def sort_releases(releases):
    return sorted(releases, key=lambda r: LooseVersion(r))


if __name__ == "__main__":
    print(git_is_recent("2.39.2"), git_is_recent("2.9"))
    print(sort_releases(["1.10", "1.2", "1.9.1"]))
    print(StrictVersion("1.2") < StrictVersion("1.10"))
