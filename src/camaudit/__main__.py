from camaudit.cli.app import main

main()
