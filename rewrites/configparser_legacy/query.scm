; Imports of configparser (for SafeConfigParser, LegacyInterpolation, ParsingError(filename=)).
((import_statement) @import (#match? @import "configparser"))
((import_from_statement) @import (#match? @import "configparser"))
; `parser.readfp(f)`.
(call
  function: (attribute object: (_) @receiver attribute: (identifier) @method)
  (#eq? @method "readfp")) @readfp
; `error.filename` on a caught ParsingError.
((attribute object: (identifier) @error attribute: (identifier) @attr) @filename
 (#eq? @attr "filename"))
