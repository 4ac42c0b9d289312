"""Timestamps the way most logging code wrote them before 3.12."""
import datetime as dt
import time
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Event:
    name: str
    created: datetime = field(default_factory=datetime.utcnow)


for ts in (0, 1e9, -1.5, 1234567890.123456, 86399.999999):
    value = datetime.utcfromtimestamp(ts)
    print(value.isoformat(), value.tzinfo)
now = datetime.utcnow()
print(type(now).__name__, now.tzinfo, abs((now - datetime(1970, 1, 1)).total_seconds() - time.time()) < 60)
print(dt.datetime.utcnow() >= now, dt.datetime.utcfromtimestamp(3600).hour)
event = Event("boot")
print(event.created.tzinfo, event.created >= now)
