import unittest

from legacytool import settings, versions
from legacytool.models import parse_tag


class SettingsTest(unittest.TestCase):
    def test_flags(self):
        env = {"LEGACYTOOL_VERBOSE": "yes", "LEGACYTOOL_COLOR": "0"}
        self.assertEquals(
            settings.flags(env), {"LEGACYTOOL_COLOR": False, "LEGACYTOOL_VERBOSE": True}
        )

    def test_invalid_flag(self):
        self.assertRaises(ValueError, settings.flag, "X", {"X": "perhaps"})


class VersionsTest(unittest.TestCase):
    def test_git(self):
        self.assertTrue(versions.git_is_recent("2.40.1"))
        self.assertFalse(versions.git_is_recent("2.19"))

    def test_sort(self):
        self.assertEquals(versions.sort_releases(["1.10", "1.9"]), ["1.9", "1.10"])


class ModelsTest(unittest.TestCase):
    def test_parse(self):
        self.assertEquals(parse_tag("x-v2").version, "2")
        self.assertIsNone(parse_tag("x"))


if __name__ == "__main__":
    unittest.main()
