import unittest


class CheckMixin:
    def check_sum(self, values, total):
        self.assertEquals(sum(values), total)


class SumTest(CheckMixin, unittest.TestCase):
    de