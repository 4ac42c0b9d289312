; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "ssl|ftplib|imaplib|poplib|smtplib|http"))
((import_from_statement) @import (#match? @import "ssl|ftplib|imaplib|poplib|smtplib|http"))
; `server.starttls(keyfile=..., certfile=...)`.
(call function: (attribute attribute: (identifier) @method) (#eq? @method "starttls")) @starttls
