from linkwork_schemas.export import main

raise SystemExit(main())
