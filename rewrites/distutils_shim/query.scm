; Every import statement that mentions distutils; the rewrite resolves each name it binds and
; follows the uses.
((import_statement) @import (#match? @import "distutils"))
((import_from_statement) @import (#match? @import "distutils"))
