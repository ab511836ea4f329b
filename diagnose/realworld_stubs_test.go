package diagnose_test

func cloudCases() []rwCase { return nil }
