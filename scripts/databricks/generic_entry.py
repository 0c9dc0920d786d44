from jobfactory_databricks.generic_entry import main

raise SystemExit(main())
