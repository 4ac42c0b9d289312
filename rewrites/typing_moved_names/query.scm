; Every import statement that mentions typing (typing, typing.io, typing.re,
; typing_extensions); the rewrite resolves each name it binds and follows the uses.
((import_statement) @import (#match? @import "typing"))
((import_from_statement) @import (#match? @import "typing"))
