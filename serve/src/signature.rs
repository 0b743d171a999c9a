//! Webhook signatures: Standard Webhooks, Stripe, GitHub (being written on
//! its own branch; this stub names the schemes for the configuration).

/// A signature scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// Standard Webhooks.
    StandardWebhooks,
    /// Stripe.
    Stripe,
    /// GitHub.
    Github,
}
