from distutils.util import get_platform, split_quoted, convert_path, change_root

print(change_root("/tmp", "/usr"))
