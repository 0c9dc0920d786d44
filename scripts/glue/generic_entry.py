from jobfactory_glue.generic_entry import main

raise SystemExit(main())
