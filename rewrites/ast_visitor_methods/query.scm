; Classes defining `visit_Num` and the other visitor methods Python 3.14 no longer calls.
((class_definition) @class (#match? @class "visit_(Num|Str|Bytes|NameConstant|Ellipsis)"))
