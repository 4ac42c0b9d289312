; Every import statement that mentions cgi; the rewrite resolves each name it binds and
; follows the uses.
((import_statement) @import (#match? @import "cgi"))
((import_from_statement) @import (#match? @import "cgi"))
