var cfg={stripeKey:"{{STRIPE_LIVE}}",publishable:"{{STRIPE_PK}}"};
