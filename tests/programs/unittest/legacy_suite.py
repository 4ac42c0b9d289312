"""A test suite written with the unittest aliases and loaders removed in 3.12 and 3.13."""
import sys
import unittest


class Arithmetic(unittest.TestCase):
    def test_equal(self):
        self.assertEquals(1 + 1, 2)
        self.failUnlessEqual("a" * 2, "aa")
        self.assertNotEquals(1, 2)

    def test_truth(self):
        self.assert_(True)
        self.failUnless([1])
        self.failIf([])

    def test_almost(self):
        self.assertAlmostEquals(0.1 + 0.2, 0.3)
        self.failIfAlmostEqual(1.0, 1.1)

    def test_raises(self):
        self.failUnlessRaises(ZeroDivisionError, lambda: 1 / 0)
        with self.assertRaisesRegexp(ValueError, "bad"):
            raise ValueError("bad value")
        self.assertRegexpMatches("snakeshift", "shift$")
        self.assertNotRegexpMatches("snakeshift", "^shift")

    def test_fails(self):
        self.assertEquals(2 + 2, 5)


def run(suite):
    result = unittest.TestResult()
    suite.run(result)
    print("ran", result.testsRun, "failures", [test.id().split(".")[-1] for test, _ in result.failures], "errors", len(result.errors))
    for _, text in result.failures:
        print(text.strip().splitlines()[-1])


run(unittest.makeSuite(Arithmetic))
run(unittest.findTestCases(sys.modules[__name__]))
print(unittest.getTestCaseNames(Arithmetic, "test"))
