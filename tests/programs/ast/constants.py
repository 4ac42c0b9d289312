"""A linter written for Python 3.7's ast."""
import ast

SOURCE = "x = 1 + 2.5 + 3j\ny = 'text' + b'bytes'.decode()\nz = None or True or ...\n"


class Counter(ast.NodeVisitor):
    def __init__(self):
        self.seen = []

    def visit_Num(self, node):
        self.seen.append(("num", node.n))

    def visit_Str(self, node):
        self.seen.append(("str", node.s))

    def visit_Bytes(self, node):
        self.seen.append(("bytes", node.s))

    def visit_NameConstant(self, node):
        self.seen.append(("const", node.value))


def kind(node):
    if isinstance(node, ast.Num):
        return "number"
    if isinstance(node, (ast.Str, ast.Bytes)):
        return "text"
    if isinstance(node, ast.NameConstant):
        return "constant"
    if isinstance(node, ast.Ellipsis):
        return "ellipsis"
    return type(node).__name__


tree = ast.parse(SOURCE)
counter = Counter()
counter.visit(tree)
print(counter.seen)
print([kind(n) for n in ast.walk(tree) if isinstance(n, ast.Constant)])
built = [ast.Num(42), ast.Str(s="hi"), ast.Bytes(b"x"), ast.NameConstant(True), ast.Ellipsis()]
print([ast.dump(n) for n in built], [kind(n) for n in built])
