def main():
    print("fancy")
