//! Webhook signatures: Standard Webhooks, Stripe, GitHub (being written).
