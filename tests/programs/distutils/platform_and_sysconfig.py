"""Platform and build configuration."""
import sys
import sysconfig as stdlib_sysconfig
from distutils import sysconfig
from distutils.util import get_platform
from distutils.sysconfig import get_config_var, get_python_inc

print(get_platform() == stdlib_sysconfig.get_platform())
print(get_config_var("EXT_SUFFIX") == stdlib_sysconfig.get_config_var("EXT_SUFFIX"))
print(sysconfig.get_config_var("prefix") == stdlib_sysconfig.get_config_var("prefix"))
print(get_python_inc() == stdlib_sysconfig.get_path("include"))
print(sysconfig.get_python_inc(plat_specific=1) == stdlib_sysconfig.get_path("platinclude"))
print(sysconfig.PREFIX == sys.prefix, sysconfig.EXEC_PREFIX == sys.exec_prefix)
print(isinstance(sysconfig.get_config_vars(), dict))
