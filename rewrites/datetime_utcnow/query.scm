; `<datetime class>.utcnow` / `.utcfromtimestamp`, called or not; the rewrite checks that the
; object is the `datetime.datetime` class.
((attribute
   object: (_) @class
   attribute: (identifier) @method) @use
 (#any-of? @method "utcnow" "utcfromtimestamp"))
