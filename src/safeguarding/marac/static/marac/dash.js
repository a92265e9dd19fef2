// Live DASH score while the form is filled. The server counts again when it is saved.
const form = document.getElementById("dash-form");
const box = document.getElementById("dash-score");
const count = document.getElementById("dash-count");
const level = document.getElementById("dash-level");
if (form && box && count && level) {
  const threshold = 14;
  const update = () => {
    const yes = form.querySelectorAll('input[type="radio"][value="yes"]:checked').length;
    count.textContent = String(yes);
    level.textContent = yes >= threshold ? "— high risk: refer to MARAC" : "";
  };
  box.hidden = false;
  form.addEventListener("change", update);
  update();
}
