def _main():
    pass
