; Every import statement that mentions pipes; the rewrite resolves each name it binds and
; follows the uses.
((import_statement) @import (#match? @import "pipes"))
((import_from_statement) @import (#match? @import "pipes"))
