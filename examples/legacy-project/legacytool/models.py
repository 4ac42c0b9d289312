"""Release records, annotated the pre-PEP 604 way."""
from typing import Dict, List, Optional, Union


class Release:
    def __init__(self, name: str, version: str, notes: Optional[str] = None) -> None:
        self.name = name
        self.version = version
        self.notes = notes

    def as_dict(self) -> Dict[str, Optional[str]]:
        return {"name": self.name, "version": self.version, "notes": self.notes}


def parse_tag(tag: Union[str, bytes]) -> Optional[Release]:
    if isinstance(tag, bytes):
        tag = tag.decode("ascii")
    name, _, version = tag.partition("-v")
    return Release(name, version) if version else None


def changelog(releases: List[Release]) -> List[str]:
    return ["%s %s" % (r.name, r.version) for r in releases]


if __name__ == "__main__":
    rel = parse_tag(b"legacytool-v1.4.2")
    print(rel.as_dict())
    print(parse_tag("untagged"))
    print(changelog([rel]))
