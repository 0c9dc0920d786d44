from jobfactory_container.generic_entry import main

raise SystemExit(main())
