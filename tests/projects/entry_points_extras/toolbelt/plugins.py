class Zip:
    pass


class Tar:
    pass
