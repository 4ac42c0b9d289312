"""Version comparisons as scientific code writes them."""
from distutils.version import LooseVersion, StrictVersion
import distutils.version as dv

NUMPY = "1.24.3"
REQUIRED = "1.20"

print(LooseVersion(NUMPY) >= REQUIRED)
print(LooseVersion(NUMPY) < "1.9")
print(LooseVersion("1.10") > LooseVersion("1.9"))
print(StrictVersion("2.0.1") > StrictVersion("2.0"))
print(sorted(["1.10", "1.2", "1.9.1", "0.9"], key=LooseVersion))
print(max(["3.1", "3.10", "3.9"], key=dv.StrictVersion))
print(str(LooseVersion("4.5.6")))
print(dv.LooseVersion("2.1") == dv.LooseVersion("2.1"))
