package httpapi

// FanOut is fanOut, for the tests of package httpapi_test.
var FanOut = fanOut
