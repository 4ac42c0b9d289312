; `self.assertEquals(...)` and the other TestCase aliases removed in Python 3.12 (also
; `assertItemsEqual`, the Python 2 name of `assertCountEqual`, and `assertDictContainsSubset`).
((attribute
   object: (_) @object
   attribute: (identifier) @alias) @use
 (#any-of? @alias
   "failUnless" "assert_" "failIf" "failUnlessEqual" "assertEquals" "failIfEqual"
   "assertNotEquals" "failUnlessAlmostEqual" "assertAlmostEquals" "failIfAlmostEqual"
   "assertNotAlmostEquals" "failUnlessRaises" "assertRaisesRegexp" "assertRegexpMatches"
   "assertNotRegexpMatches" "assertItemsEqual" "assertDictContainsSubset"))

; `getattr(self, "assertEquals")`: the same method reached by name.
((call
   function: (identifier) @getattr
   arguments: (argument_list . (_) @object . (string (string_content) @alias)))
 (#eq? @getattr "getattr")
 (#any-of? @alias
   "failUnless" "assert_" "failIf" "failUnlessEqual" "assertEquals" "failIfEqual"
   "assertNotEquals" "failUnlessAlmostEqual" "assertAlmostEquals" "failIfAlmostEqual"
   "assertNotAlmostEquals" "failUnlessRaises" "assertRaisesRegexp" "assertRegexpMatches"
   "assertNotRegexpMatches" "assertItemsEqual" "assertDictContainsSubset"))
