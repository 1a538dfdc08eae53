//! The connection-flow explorer (being written).

use crate::scenario::FlowLink;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub link: FlowLink,
    #[prop_or_default]
    pub problems: Vec<String>,
}

#[function_component(FlowPage)]
pub fn flow_page(props: &Props) -> Html {
    let t = crate::scenario::timeline(&props.link.scenario);
    html! { <main><h2>{ t.title }</h2><p>{ t.summary }</p></main> }
}
