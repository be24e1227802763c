/** Discord's slash commands: their registration, and the utterance each stands for. */
import { SlashCommandBuilder } from 'discord.js';
import { commandDescription, commandText, type DISCORD_COMMAND_NAMES, outfitText } from '../commands.ts';

/**
 * The slash commands, as registered through `PUT /applications/{id}/commands`.
 * @example
 * await client.rest.put(Routes.applicationCommands(applicationId), { body: slashCommands() });
 */
export function slashCommands() {
  const described = (name: (typeof DISCORD_COMMAND_NAMES)[number]) =>
    new SlashCommandBuilder().setName(name).setDescription(commandDescription(name));
  return [
    described('outfit')
      .addStringOption((o) =>
        o.setName('occasion').setDescription('wedding, work, interview, date, party …').setMaxLength(60),
      )
      .addNumberOption((o) =>
        o.setName('budget').setDescription('Total budget in euros').setMinValue(1).setMaxValue(100_000),
      )
      // The option's name is what shoppers see and type in Discord: it keeps the spelling of the bot's English.
      .addStringOption((o) => o.setName('colour').setDescription('A colour you would like').setMaxLength(30))
      .addStringOption((o) =>
        o
          .setName('department')
          .setDescription('Who it is for')
          .addChoices(...['men', 'women', 'unisex', 'kids'].map((value) => ({ name: value, value }))),
      ),
    described('find').addStringOption((o) =>
      o.setName('query').setDescription('e.g. "navy linen shirt under 50"').setRequired(true).setMaxLength(200),
    ),
    described('trends').addStringOption((o) =>
      o.setName('topic').setDescription('A colour, fabric or piece').setMaxLength(60),
    ),
    described('prefs').addStringOption((o) =>
      o.setName('set').setDescription('e.g. "size M, no yellow, budget 80"').setMaxLength(200),
    ),
    described('forget'),
    described('export'),
    described('help'),
  ].map((command) => command.toJSON());
}

/**
 * The utterance a slash command stands for.
 * @example
 * interactionText('outfit', { occasion: 'wedding', budget: 100 }) // 'outfit for a wedding, under 100'
 */
export function interactionText(name: string, options: Record<string, string | number | undefined>): string {
  if (name === 'outfit') {
    return outfitText({
      occasion: options.occasion as string | undefined,
      budget: options.budget as number | undefined,
      color: options.colour as string | undefined,
      department: options.department as string | undefined,
    });
  }
  const args = String(options.query ?? options.topic ?? options.set ?? '');
  return commandText(name, args) ?? 'help';
}
