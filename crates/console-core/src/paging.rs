//! Walking every page of a list, written once for every console. Consoles differ in how they
//! number pages (Encoo's `PageIndex` counts from 0, FlexModel's `page` from 1) and in the
//! shape of a page (`{Count, List}`, `{total, list}`); the console says both, the walk is here.

use std::future::Future;

use crate::error::Result;

/// How a console numbers the pages of a list, and how many items to ask for per page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The number of the first page (0 or 1).
    pub first: u32,
    /// Items asked for per page (at least 1).
    pub size: u32,
}

impl Paging {
    /// Pages numbered from 0 (Encoo's `PageIndex`).
    pub const fn from_zero(size: u32) -> Self {
        Paging { first: 0, size }
    }

    /// Pages numbered from 1 (FlexModel's `page`).
    pub const fn from_one(size: u32) -> Self {
        Paging { first: 1, size }
    }
}

/// One page of a list, as a console answers it.
pub trait ListPage {
    type Item;
    /// The number of items over all pages, when the console says it.
    fn total(&self) -> Option<u64>;
    fn into_items(self) -> Vec<Self::Item>;
}

/// Every item of a list: asks `fetch(page number, page size)` for one page after another
/// until a page comes back empty, the items reach the total, or (when the console gives no
/// total) a page comes back short.
pub async fn walk_pages<P, F, Fut>(paging: Paging, mut fetch: F) -> Result<Vec<P::Item>>
where
    P: ListPage,
    F: FnMut(u32, u32) -> Fut,
    Fut: Future<Output = Result<P>>,
{
    let size = paging.size.max(1);
    let mut all = Vec::new();
    let mut number = paging.first;
    loop {
        let page = fetch(number, size).await?;
        let total = page.total();
        let items = page.into_items();
        let got = items.len();
        all.extend(items);
        let done = match total {
            _ if got == 0 => true,
            Some(total) => all.len() as u64 >= total,
            None => got < size as usize,
        };
        if done {
            return Ok(all);
        }
        number += 1;
    }
}
