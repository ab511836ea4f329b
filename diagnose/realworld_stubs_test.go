package diagnose_test

func devtoolCases() []rwCase { return nil }
func serverCases() []rwCase  { return nil }
func cloudCases() []rwCase   { return nil }
