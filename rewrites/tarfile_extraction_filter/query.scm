; Import statements of the modules this rewrite follows; each name they bind is resolved and its uses checked.
((import_statement) @import (#match? @import "tarfile"))
((import_from_statement) @import (#match? @import "tarfile"))
; `tar.extractall(...)`, `tar.extract(...)`.
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) (#any-of? @method "extractall" "extract")) @method_call
; `info.tarfile`.
((attribute attribute: (identifier) @attr) @tarfile_use (#eq? @attr "tarfile"))
