; Every import statement that mentions smtpd; the rewrite resolves each name it binds and
; follows the uses.
((import_statement) @import (#match? @import "smtpd"))
((import_from_statement) @import (#match? @import "smtpd"))
