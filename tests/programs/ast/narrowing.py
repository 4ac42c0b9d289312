"""Reads of `.n` / `.s` that rely on an isinstance test, in every form Python code narrows."""
import ast

SOURCE = "a = 1 + 2.5 - 3\nb = 'x' + 'yz'\nc = b'raw'\nd = -7 if True else None\n"
tree = ast.parse(SOURCE)


def numbers(t):
    return [n.n for n in ast.walk(t) if isinstance(n, ast.Num)]


def positive_by_value(t):
    return {n.n: type(n).__name__ for n in ast.walk(t) if isinstance(n, ast.Num) if n.n > 0}


def total(t):
    return sum(n.n for n in ast.walk(t) if isinstance(n, ast.Num))


def is_big(node):
    return isinstance(node, ast.Num) and node.n > 2


def text_or_none(node):
    return node.s if isinstance(node, ast.Str) else None


def short_or_other(node):
    return not isinstance(node, ast.Str) or len(node.s) < 2


def strings(t):
    found = []
    for node in ast.walk(t):
        if not isinstance(node, ast.Str):
            continue
        found.append(node.s)
    return found


def number(node):
    if not isinstance(node, ast.Num):
        return None
    return node.n


def checked(node):
    assert isinstance(node, (ast.Num, ast.Str))
    return node.n


def describe(node):
    if isinstance(node, ast.Name):
        return node.id
    elif isinstance(node, ast.Num):
        return "number %r" % node.n
    elif not isinstance(node, ast.Str):
        return type(node).__name__
    else:
        return "text %r" % node.s


def either(node):
    if isinstance(node, ast.Num) or isinstance(node, ast.Str):
        return node.n
    return None


def built():
    node = ast.Num(n=40)
    node.n += 2
    return node.n


nodes = list(ast.walk(tree))
print(numbers(tree))
print(positive_by_value(tree))
print(total(tree))
print([is_big(n) for n in nodes])
print([text_or_none(n) for n in nodes])
print([short_or_other(n) for n in nodes])
print(strings(tree))
print([number(n) for n in nodes])
print([checked(n) for n in nodes if isinstance(n, ast.Constant) and not isinstance(n.value, (bytes, bool)) and n.value is not None])
print([describe(n) for n in nodes])
print([either(n) for n in nodes])
print(built())
