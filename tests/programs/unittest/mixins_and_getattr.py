"""A test mixin and an assertion reached by name, with the aliases removed in 3.12."""
import unittest


class CheckMixin:
    def check_sum(self, values, total):
        self.assertEquals(sum(values), total)


class SumTest(CheckMixin, unittest.TestCase):
    def test_sum(self):
        self.check_sum([1, 2], 3)
        self.assertEquals(len([1, 2]), 2)

    def test_wrong_sum(self):
        self.check_sum([1, 2], 4)

    def test_by_name(self):
        check = getattr(self, "assertEquals")
        check(1, 1)
        getattr(self, "failUnless")(True)
        getattr(self, "assertNotEquals", None)(1, 2)


result = unittest.TestResult()
unittest.defaultTestLoader.loadTestsFromTestCase(SumTest).run(result)
print("ran", result.testsRun, "failures", sorted(t.id().split(".")[-1] for t, _ in result.failures), "errors", len(result.errors))
for _, text in result.failures:
    print(text.strip().splitlines()[-1])
