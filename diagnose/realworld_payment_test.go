package diagnose_test

// Recorded answers of payment APIs: PayPal, Razorpay, Adyen, Square,
// Hyperswitch.

import (
	"encoding/base64"

	"github.com/authdoctor/authdoctor"
)

func paymentCases() []rwCase {
	var cs []rwCase
	add := func(c rwCase) { cs = append(cs, c) }

	// ---------------------------------------------------------------- PayPal

	paypalToken := func(host string, f authdoctor.Field) authdoctor.Request {
		return write("POST", "https://"+host+"/v1/oauth2/token", "grant_type=client_credentials", f,
			plain("Accept", "application/json"), plain("Content-Type", "application/x-www-form-urlencoded"))
	}

	// paypal/PayPal-PHP-SDK#916: "Got Http response code 401 when accessing
	// https://api.sandbox.paypal.com/v1/oauth2/token.
	// {"error":"invalid_client","error_description":"Client Authentication
	// failed"}" — the client id and secret pair is not PayPal's.
	add(rwCase{
		name: "paypal/client authentication failed at the token endpoint",
		obs: record(paypalToken("api.sandbox.paypal.com", basicField("A"+gen(rwB64u, 79, 201), gen(rwB64u, 80, 202)))).
			auth(jsonHop(401, `{"error":"invalid_client","error_description":"Client Authentication failed"}`, "Paypal-Debug-Id", "728fd8193642e")).done(),
		want: authdoctor.CauseCredentialsRejected, finding: "credential.rejected",
	})

	// paypal/PayPal-node-SDK#87: the SDK sent "Authorization: Basic
	// dW5kZWZpbmVkOnVuZGVmaW5lZA==" — undefined:undefined, the client id
	// and secret never loaded — and PayPal answered 401 invalid_client
	// "The client credentials are invalid".
	undef := authdoctor.Field{Name: "Authorization", Value: authdoctor.NewSecret("Basic " + base64.StdEncoding.EncodeToString([]byte("undefined:undefined"))), Origin: authdoctor.OriginLiteral}
	add(rwCase{
		name: "paypal/basic undefined undefined",
		obs: record(paypalToken("api.sandbox.paypal.com", undef)).
			auth(jsonHop(401, `{"error":"invalid_client","error_description":"The client credentials are invalid"}`, "Paypal-Debug-Id", "728fd8193642e")).done(),
		want: authdoctor.CauseCredentialPlaceholder, finding: "credential.placeholder",
	})

	// go-pay/gopay#348 (creating an order: {"error":"invalid_token",
	// "error_description":"Access Token not found in cache"}; the reporter
	// found the token had lapsed and had to be renewed before expiry),
	// paypal/Checkout-Java-SDK#24 (the same body). PayPal tokens are
	// opaque; the server says only that it does not know this one.
	add(rwCase{
		name: "paypal/access token not found in cache",
		obs: record(write("POST", "https://api-m.paypal.com/v2/checkout/orders", `{"intent":"CAPTURE","purchase_units":[{"amount":{"currency_code":"USD","value":"100.00"}}]}`,
			bearerField("A21AA"+gen(rwB64u, 92, 203)), plain("Content-Type", "application/json"))).
			auth(jsonHop(401, `{"error":"invalid_token","error_description":"Access Token not found in cache"}`, "Paypal-Debug-Id", "f3a8c27d1e0b5")).done(),
		want: authdoctor.CauseTokenRejected, finding: "token.rejected",
	})

	// -------------------------------------------------------------- Razorpay

	// Razorpay takes key_id:key_secret as Basic credentials (streaak/
	// keyhacks#99: curl -u <KEY_ID>:<KEY_SECRET> https://api.razorpay.com/
	// v1/payments). Without them: 401 BAD_REQUEST_ERROR "Please provide
	// your api key for authentication purposes." (the SDK's
	// BAD_REQUEST_UNAUTHORIZED_BASICAUTH_EXPECTED). razorpay/razorpay-php-
	// testapp#8: 401 "The api key provided is invalid" (a space in the key
	// id); #13: "The api secret provided is invalid".
	rzpMissing := jsonHop(401, `{"error":{"code":"BAD_REQUEST_ERROR","description":"Please provide your api key for authentication purposes."}}`)
	add(rwCase{
		name: "razorpay/api key provided is invalid",
		obs: record(get("https://api.razorpay.com/v1/payments", basicField("rzp_test_"+gen(rwAlnum, 14, 204), gen(rwAlnum, 24, 205)))).
			baseline(rzpMissing).
			auth(jsonHop(401, `{"error":{"code":"BAD_REQUEST_ERROR","description":"The api key provided is invalid"}}`)).done(),
		want: authdoctor.CauseCredentialsRejected,
	})
	add(rwCase{
		name: "razorpay/api secret provided is invalid",
		obs: record(get("https://api.razorpay.com/v1/payments", basicField("rzp_live_"+gen(rwAlnum, 14, 206), gen(rwAlnum, 24, 207)))).
			baseline(rzpMissing).
			auth(jsonHop(401, `{"error":{"code":"BAD_REQUEST_ERROR","description":"The api secret provided is invalid"}}`)).done(),
		want: authdoctor.CauseCredentialsRejected,
	})

	// ----------------------------------------------------------------- Adyen

	// Adyen/adyen-php-sample-code#30 (x-API-key on the Data Protection API:
	// "status": 403, "errorCode": "010", "message": "Not allowed",
	// "errorType": "security"), Adyen/adyen-magento#365 ("an error due to
	// missing permissions on your webservice user account").
	add(rwCase{
		name: "adyen/010 not allowed",
		obs: record(write("POST", "https://ca-test.adyen.com/ca/services/DataProtectionService/v1/requestSubjectErasure", `{"merchantAccount":"AcmeECOM","pspReference":"9915520502347613","forceErasure":true}`,
			field("X-API-Key", "AQE"+gen(rwB64u, 90, 208)), plain("Content-Type", "application/json"))).
			auth(jsonHop(403, `{"status":403,"errorCode":"010","message":"Not allowed","errorType":"security","pspReference":"8515108358548934"}`)).done(),
		want: authdoctor.CausePermissionDenied, finding: "authz.forbidden",
	})

	// ---------------------------------------------------------------- Square

	// square/square-nodejs-sdk#10: "I should be using the token and not the
	// application ID" — 401 UNAUTHORIZED, "The `Authorization` http header
	// of your request was incorrect or expired…" (body form as in
	// NikolaGavric94/laravel-square#67).
	squareIncorrect := jsonHop(401, `{"errors": [{"code": "UNAUTHORIZED","detail": "The `+"`Authorization`"+` http header of your request was incorrect or expired. The header value is expected to be of the format \"Bearer TOKEN\" (without quotation marks), where TOKEN is a valid access token (e.g. \"Bearer ABC123def456GHI789jkl0\"). For more information, see https://developer.squareup.com/docs/build-basics/using-rest-api#__set-the-headers__ .","category": "AUTHENTICATION_ERROR"}]}`)
	add(rwCase{
		name: "square/application id sent as the access token",
		obs: record(get("https://connect.squareupsandbox.com/v2/locations", bearerField("sandbox-sq0idb-"+gen(rwB64u, 22, 209)), plain("Square-Version", "2020-12-16"))).
			baseline(jsonHop(401, `{"errors":[{"category":"AUTHENTICATION_ERROR","code":"UNAUTHORIZED","detail":"Your request did not include an `+"`Authorization`"+` http header with an access token."}]}`)).
			auth(squareIncorrect).done(),
		want: authdoctor.CauseWrongCredentialKind, finding: "credential.wrong-kind",
	})

	// square/square-python-sdk#20: the Catalog API answered an expired
	// OAuth token with 500 INTERNAL_SERVER_ERROR "We were unable to
	// authorize this request due to an internal error." (a known Catalog
	// bug, said the maintainer). The answer is a server failure; the
	// token is only a suspect.
	add(rwCase{
		name: "square/catalog 500 for an expired token",
		obs: record(write("POST", "https://connect.squareup.com/v2/catalog/batch-retrieve", `{"object_ids":["W62UWFY35CWMYGVWK6TWJDNI"]}`, bearerField("EAAA"+gen(rwB64u, 60, 210)), plain("Content-Type", "application/json"))).
			auth(jsonHop(500, `{"errors":[{"category":"API_ERROR","code":"INTERNAL_SERVER_ERROR","detail":"We were unable to authorize this request due to an internal error."}]}`)).done(),
		want: authdoctor.CauseServerError, finding: "server.error",
	})

	// ----------------------------------------------------------- Hyperswitch

	// juspay/hyperswitch#7719 (self-hosted payment switch; a publishable
	// key unknown to the server): 401 {"error":{"type":"invalid_request",
	// "message":"API key not provided or invalid API key used","code":
	// "IR_01"}} — one message for a missing and a wrong key; here a key
	// was sent.
	add(rwCase{
		name: "hyperswitch/api key not provided or invalid",
		obs: record(write("POST", "https://hyperswitch.example.com/payments/session_tokens", `{"payment_id":"pay_pZNPfQY46nMLV5X225oW","wallets":[],"delayed_session_token":false}`,
			field("api-key", "pk_dev_"+gen(rwHex, 32, 211)), plain("Content-Type", "application/json"))).
			auth(jsonHop(401, `{"error":{"type":"invalid_request","message":"API key not provided or invalid API key used","code":"IR_01"}}`)).done(),
		want: authdoctor.CauseCredentialsRejected, finding: "credential.rejected",
	})

	return cs
}
