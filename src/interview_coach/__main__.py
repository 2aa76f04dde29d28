"""`python -m interview_coach` runs the same CLI as the console script."""

from interview_coach.cli import main

if __name__ == "__main__":
    main()
