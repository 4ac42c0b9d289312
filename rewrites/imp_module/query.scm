; Every import statement that mentions imp; the rewrite resolves each name it binds and
; follows the uses.
((import_statement) @import (#match? @import "imp"))
((import_from_statement) @import (#match? @import "imp"))
