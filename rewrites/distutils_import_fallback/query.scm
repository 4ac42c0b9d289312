; A try statement that mentions distutils: possibly an import fallback between setuptools and
; distutils.
((try_statement) @try (#match? @try "distutils"))
