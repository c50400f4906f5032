{{%AUTOESCAPE context="HTML"}}<section class="card" aria-labelledby="decision-titre" id="decision-recap">
<h2 id="decision-titre">La décision enregistrée</h2>
<dl class="gov-facts">
  <dt>Avis</dt><dd id="sign-outcome">{{OUTCOME}}</dd>
  <dt>Motivation</dt><dd class="pre">{{REASONS:pre_escape}}</dd>
  {{#CONDITIONS}}<dt>Conditions</dt><dd class="pre">{{TEXT:pre_escape}}</dd>{{/CONDITIONS}}
  {{#AMENDS}}<dt>Modifie</dt><dd>la décision n° {{ID}}</dd>{{/AMENDS}}
  <dt>Votes</dt><dd>{{VOTES}}</dd>
</dl>
</section>
