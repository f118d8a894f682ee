//! Property tests of rating: the longest prefix wins, billing increments,
//! rounding, exact money text, and the budget inverse of the price.

use pbx_domain::rating::{Billing, DialPrefix, MAX_CALL_SECONDS, Money, Rate, RateTable};
use proptest::prelude::*;

fn rate(prefix: &str, per_minute: i64, fee: i64, billing: Billing) -> Rate {
    Rate::new(
        DialPrefix::parse(prefix).unwrap(),
        "",
        Money::from_units(per_minute),
        Money::from_units(fee),
        billing,
    )
    .unwrap()
}

fn billing() -> impl Strategy<Value = Billing> {
    prop_oneof![
        Just(Billing::new(60, 60).unwrap()),
        Just(Billing::new(30, 6).unwrap()),
        Just(Billing::new(1, 1).unwrap()),
        (0u32..=600, 1u32..=300).prop_map(|(m, i)| Billing::new(m, i).unwrap()),
    ]
}

/// A lone rate: price per minute up to 100.0000, fee up to 1.0000.
fn any_rate() -> impl Strategy<Value = Rate> {
    (0i64..=1_000_000, 0i64..=10_000, billing())
        .prop_map(|(ppm, fee, billing)| rate("1", ppm, fee, billing))
}

proptest! {
    #[test]
    fn the_longest_matching_prefix_wins_over_every_shorter_one(
        prefixes in prop::collection::btree_set("[1-9][0-9]{0,5}", 1..60),
        number in "[1-9][0-9]{0,11}",
    ) {
        let rates: Vec<Rate> = prefixes.iter().map(|p| rate(p, 100, 0, Billing::PER_SECOND)).collect();
        let table = RateTable::new(rates).unwrap();
        let expected = prefixes
            .iter()
            .filter(|p| number.starts_with(p.as_str()))
            .max_by_key(|p| p.len());
        let found = table.lookup(&number).map(|r| r.prefix.to_string());
        prop_assert_eq!(found.as_deref(), expected.map(String::as_str));
    }

    #[test]
    fn a_number_made_from_a_prefix_matches_that_prefix_or_a_longer_one(
        prefixes in prop::collection::btree_set("[1-9][0-9]{0,5}", 1..60),
        pick in any::<prop::sample::Index>(),
        tail in "[0-9]{0,8}",
    ) {
        let chosen = (*pick.get(&prefixes.iter().collect::<Vec<_>>())).clone();
        let number = format!("+{chosen}{tail}");
        let rates: Vec<Rate> = prefixes.iter().map(|p| rate(p, 100, 0, Billing::PER_SECOND)).collect();
        let table = RateTable::new(rates).unwrap();
        let found = table.lookup(&number).unwrap().prefix.to_string();
        prop_assert!(found.len() >= chosen.len());
        let digits = format!("{chosen}{tail}");
        prop_assert!(digits.starts_with(&found));
    }

    #[test]
    fn the_price_never_falls_as_the_call_gets_longer(r in any_rate(), a in 0u32..20_000, b in 0u32..20_000) {
        let (short, long) = (a.min(b), a.max(b));
        prop_assert!(r.amount(short) <= r.amount(long));
    }

    #[test]
    fn the_price_is_constant_inside_one_increment(r in any_rate(), block in 1u32..200) {
        let billing = r.billing;
        let first = if billing.minimum() > 0 { billing.minimum() } else { billing.increment() };
        // Seconds (first + (k-1)*inc, first + k*inc] are billed the same.
        let end = first + block * billing.increment();
        let start = end - billing.increment() + 1;
        prop_assert_eq!(r.amount(start), r.amount(end));
        prop_assert_eq!(r.amount(1), r.amount(first));
        prop_assert!(r.amount(end + 1) >= r.amount(end));
    }

    #[test]
    fn billed_seconds_are_whole_blocks_covering_the_call(b in billing(), billsec in 1u32..100_000) {
        let billed = b.billed_seconds(billsec);
        let first = u64::from(if b.minimum() > 0 { b.minimum() } else { b.increment() });
        prop_assert!(billed >= u64::from(billsec));
        prop_assert!(billed >= first);
        prop_assert_eq!((billed - first) % u64::from(b.increment()), 0);
        prop_assert!(billed - u64::from(billsec) < first.max(u64::from(b.increment())));
    }

    #[test]
    fn the_amount_is_the_exact_product_rounded_up_to_one_unit(r in any_rate(), billsec in 1u32..100_000) {
        let billed = i128::from(r.billing.billed_seconds(billsec));
        let exact_times_60 = billed * i128::from(r.per_minute.units());
        let usage = i128::from(r.amount(billsec).units() - r.connection_fee.units());
        prop_assert!(usage * 60 >= exact_times_60, "never undercharged");
        prop_assert!((usage - 1) * 60 < exact_times_60 || usage == 0, "less than one unit over");
    }

    #[test]
    fn the_budget_pays_for_its_longest_duration_and_not_one_increment_more(
        r in any_rate(),
        budget in 0i64..5_000_000,
    ) {
        let budget = Money::from_units(budget);
        let table = RateTable::new(vec![r.clone()]).unwrap();
        let seconds = table.max_seconds_within(budget, "123").unwrap();
        prop_assert!(table.price("123", seconds).unwrap().amount <= budget);
        if seconds == 0 {
            prop_assert!(r.amount(1) > budget);
        } else if seconds < MAX_CALL_SECONDS {
            prop_assert!(r.amount(seconds + r.billing.increment()) > budget);
            prop_assert!(r.amount(seconds + 1) > budget);
        }
    }

    #[test]
    fn money_text_round_trips(units in -10_000_000_000_000i64..10_000_000_000_000) {
        let money = Money::from_units(units);
        prop_assert_eq!(Money::parse(&money.to_string()), Ok(money));
    }
}
