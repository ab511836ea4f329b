package credential

import "testing"

func TestArticle(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, want string }{
		{"AWS", "an"}, {"Adyen", "an"}, {"Airtable", "an"}, {"Atlassian", "an"}, {"Azure", "an"},
		{"Okta", "an"}, {"OpenAI", "an"}, {"npm", "an"}, {"SSH", "an"}, {"HMAC", "an"},
		{"Stripe", "a"}, {"GitHub", "a"}, {"Twilio", "a"}, {"Hugging Face", "a"}, {"GCP", "a"},
		{"Uber", "a"}, {"Unicode", "a"}, {"Umbrella", "an"}, {"", "a"}, {"PyPI", "a"},
		{"Mailgun", "a"}, {"MX", "an"}, {"Heroku", "a"},
	} {
		if got := Article(tc.name); got != tc.want {
			t.Errorf("Article(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
