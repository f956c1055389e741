import sys

from sm_desk.cli import main

sys.exit(main())
