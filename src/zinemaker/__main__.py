from zinemaker.cli import main

main()
