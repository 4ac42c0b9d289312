def main():
    pass


def admin():
    pass
