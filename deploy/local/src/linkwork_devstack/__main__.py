from linkwork_devstack.cli import main

main()
